-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "pii_digest" TEXT;
