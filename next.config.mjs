/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and worker-only packages stay out of the server bundle.
  serverExternalPackages: ['onnxruntime-node', 'pg', 'pg-copy-streams', 'bullmq', 'ioredis', '@prisma/adapter-pg'],
  poweredByHeader: false,
  typedRoutes: false,
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
