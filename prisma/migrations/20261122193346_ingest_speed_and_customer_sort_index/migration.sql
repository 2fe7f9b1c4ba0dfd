-- DropForeignKey
ALTER TABLE "events" DROP CONSTRAINT "events_workspace_id_fkey";

-- DropForeignKey
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_workspace_id_fkey";

-- DropForeignKey
ALTER TABLE "transactions" DROP CONSTRAINT "transactions_workspace_id_fkey";

-- DropIndex
DROP INDEX "customers_workspace_id_signup_at_idx";

-- CreateIndex
CREATE INDEX "customers_workspace_id_signup_at_id_idx" ON "customers"("workspace_id", "signup_at", "id");
