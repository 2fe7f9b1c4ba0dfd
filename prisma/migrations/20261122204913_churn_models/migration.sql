-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "ModelStatus" AS ENUM ('candidate', 'champion', 'retired');

-- CreateTable
CREATE TABLE "feature_snapshots" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "feature_set_version" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "feature_names" TEXT[],
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "progress" REAL NOT NULL DEFAULT 0,
    "customer_count" INTEGER NOT NULL DEFAULT 0,
    "seconds" REAL,
    "error" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "feature_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "snapshot_rows" (
    "snapshot_id" TEXT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "values" REAL[],

    CONSTRAINT "snapshot_rows_pkey" PRIMARY KEY ("snapshot_id","customer_id")
);

-- CreateTable
CREATE TABLE "training_runs" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "progress" REAL NOT NULL DEFAULT 0,
    "stage" TEXT,
    "params" JSONB NOT NULL,
    "error" TEXT,
    "model_id" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "training_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "models" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "status" "ModelStatus" NOT NULL DEFAULT 'candidate',
    "feature_set_version" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "feature_names" TEXT[],
    "label" JSONB NOT NULL,
    "metrics" JSONB NOT NULL,
    "candidates" JSONB NOT NULL,
    "baseline" JSONB,
    "feature_importance" JSONB NOT NULL,
    "params" JSONB NOT NULL,
    "training_rows" INTEGER NOT NULL,
    "training_positives" INTEGER NOT NULL,
    "trained_by_id" TEXT,
    "trained_by_name" TEXT,
    "trained_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promoted_at" TIMESTAMPTZ(3),
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_artefacts" (
    "model_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "model_artefacts_pkey" PRIMARY KEY ("model_id","kind")
);

-- CreateIndex
CREATE INDEX "feature_snapshots_workspace_id_created_at_idx" ON "feature_snapshots"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "training_runs_workspace_id_created_at_idx" ON "training_runs"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "models_workspace_id_trained_at_idx" ON "models"("workspace_id", "trained_at");

-- AddForeignKey
ALTER TABLE "feature_snapshots" ADD CONSTRAINT "feature_snapshots_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "snapshot_rows" ADD CONSTRAINT "snapshot_rows_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "feature_snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "models" ADD CONSTRAINT "models_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_artefacts" ADD CONSTRAINT "model_artefacts_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;
