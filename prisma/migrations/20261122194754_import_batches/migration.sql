-- CreateTable
CREATE TABLE "import_batches" (
    "import_id" TEXT NOT NULL,
    "first_line" INTEGER NOT NULL,
    "last_line" INTEGER NOT NULL,

    CONSTRAINT "import_batches_pkey" PRIMARY KEY ("import_id","first_line")
);

-- AddForeignKey
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "imports"("id") ON DELETE CASCADE ON UPDATE CASCADE;
