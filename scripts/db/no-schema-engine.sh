#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded on offline machines.
# `prisma generate` does not need it; exiting 1 makes any command that does need it fail loudly.
echo "The native Prisma schema engine is not available; use npm run db:deploy / db:migrate." >&2
exit 1
