-- AlterTable
ALTER TABLE "feature_snapshots" ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'features';
