-- AlterTable
ALTER TABLE "customer_scores" ADD COLUMN     "top_driver" TEXT,
ADD COLUMN     "value" REAL NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "risk_daily" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "high" INTEGER NOT NULL,
    "medium" INTEGER NOT NULL,
    "low" INTEGER NOT NULL,
    "revenue_at_risk" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "risk_daily_pkey" PRIMARY KEY ("workspace_id","day")
);

-- CreateTable
CREATE TABLE "dashboard_summaries" (
    "workspace_id" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dashboard_summaries_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateIndex
CREATE INDEX "customer_scores_workspace_id_probability_idx" ON "customer_scores"("workspace_id", "probability");

-- CreateIndex
CREATE INDEX "customer_scores_workspace_id_value_idx" ON "customer_scores"("workspace_id", "value");

-- AddForeignKey
ALTER TABLE "risk_daily" ADD CONSTRAINT "risk_daily_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dashboard_summaries" ADD CONSTRAINT "dashboard_summaries_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
