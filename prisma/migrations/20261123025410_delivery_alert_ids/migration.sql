-- AlterTable
ALTER TABLE "alert_deliveries" ADD COLUMN     "alert_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "alert_deliveries_status_created_at_idx" ON "alert_deliveries"("status", "created_at");
