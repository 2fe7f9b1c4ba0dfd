-- CreateEnum
CREATE TYPE "RiskTier" AS ENUM ('high', 'medium', 'low');

-- CreateTable
CREATE TABLE "customer_scores" (
    "workspace_id" TEXT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "model_id" TEXT NOT NULL,
    "probability" REAL NOT NULL,
    "tier" "RiskTier" NOT NULL,
    "reasons" JSONB NOT NULL,
    "previous_probability" REAL,
    "previous_tier" "RiskTier",
    "scored_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_scores_pkey" PRIMARY KEY ("workspace_id","customer_id")
);

-- CreateTable
CREATE TABLE "score_history" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "model_id" TEXT NOT NULL,
    "probability" REAL NOT NULL,
    "tier" "RiskTier" NOT NULL,
    "scored_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "score_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "score_runs" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "progress" REAL NOT NULL DEFAULT 0,
    "model_id" TEXT,
    "customers" INTEGER NOT NULL DEFAULT 0,
    "tiers" JSONB,
    "seconds" REAL,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "score_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "customer_scores_workspace_id_tier_probability_idx" ON "customer_scores"("workspace_id", "tier", "probability");

-- CreateIndex
CREATE INDEX "score_history_workspace_id_customer_id_scored_at_idx" ON "score_history"("workspace_id", "customer_id", "scored_at");

-- CreateIndex
CREATE INDEX "score_runs_workspace_id_created_at_idx" ON "score_runs"("workspace_id", "created_at");

-- AddForeignKey
ALTER TABLE "customer_scores" ADD CONSTRAINT "customer_scores_workspace_id_customer_id_fkey" FOREIGN KEY ("workspace_id", "customer_id") REFERENCES "customers"("workspace_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_history" ADD CONSTRAINT "score_history_workspace_id_customer_id_fkey" FOREIGN KEY ("workspace_id", "customer_id") REFERENCES "customers"("workspace_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_runs" ADD CONSTRAINT "score_runs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
