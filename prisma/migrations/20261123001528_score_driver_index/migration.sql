-- CreateIndex
CREATE INDEX "customer_scores_workspace_id_top_driver_probability_idx" ON "customer_scores"("workspace_id", "top_driver", "probability");
