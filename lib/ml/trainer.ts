import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { getEnv } from '../env';
import { AppError } from '../errors';

// The bridge to the Python trainer in models/: matrices go over as raw float32 files, the manifest as JSON, and
// the trainer answers with progress lines on stdout and a result.json (format: models/README.md).

// Resolved at run time from the project root; the hint keeps Next's file tracer from pulling in the whole tree.
const TRAINER = path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'models/train.py');

/** Streams rows of a matrix (float32, NaN = missing) and their labels (uint8) to two files. */
export class MatrixWriter {
  rows = 0;
  positives = 0;
  private x: fs.WriteStream;
  private y: fs.WriteStream | null;
  constructor(
    readonly xPath: string,
    readonly yPath: string | null,
    readonly columns: number,
  ) {
    this.x = fs.createWriteStream(xPath);
    this.y = yPath ? fs.createWriteStream(yPath) : null;
  }

  /** Appends rows; resolves once the streams can take more, so memory stays flat however large the set. */
  async write(rows: { values: (number | null)[]; label?: number }[]) {
    const x = new Float32Array(rows.length * this.columns);
    const y = new Uint8Array(rows.length);
    rows.forEach((r, i) => {
      if (r.values.length !== this.columns)
        throw new Error(`row has ${r.values.length} features, the matrix ${this.columns}`);
      for (let j = 0; j < this.columns; j++) x[i * this.columns + j] = r.values[j] ?? NaN;
      y[i] = r.label ? 1 : 0;
      this.positives += y[i]!;
    });
    this.rows += rows.length;
    // Listen for 'drain' before writing on: a small stream can drain while we wait for the big one.
    await Promise.all([
      this.flush(this.x, Buffer.from(x.buffer)),
      this.y ? this.flush(this.y, Buffer.from(y.buffer)) : null,
    ]);
  }

  private flush(stream: fs.WriteStream, data: Buffer) {
    return stream.write(data) ? null : new Promise<void>((r) => stream.once('drain', () => r()));
  }

  async close() {
    await Promise.all([this.x, this.y].map((s) => (s ? new Promise((r) => s.end(r)) : null)));
  }
}

export type Metrics = Record<string, unknown> & { roc_auc: number | null; pr_auc: number | null };
export type TrainerCandidate = {
  algorithm: string;
  params: Record<string, unknown>;
  metrics: { cv: Metrics | null; out_of_time: Metrics | null };
  feature_importance: { feature: string; importance: number }[];
  artefacts: { onnx: string; trees: string; parity: string | null };
  fit_seconds: number;
};
export type TrainerResult = {
  chosen: string;
  selection: 'out_of_time' | 'cv';
  candidates: TrainerCandidate[];
  baseline: { feature: string; cv: Metrics | null; out_of_time: Metrics | null } | null;
  rows: { train: number; train_positives: number; eval: number | null; eval_positives: number | null };
  seconds: number;
};
export type Evaluation = { metrics: Metrics; baseline: Metrics | null };
export type TrainerProgress = { fraction: number; stage: string };

/** Creates a private scratch folder for one run under ML_WORK_DIR. */
export async function makeWorkDir(prefix: string) {
  const root = path.resolve(/*turbopackIgnore: true*/ getEnv().ML_WORK_DIR);
  await fs.promises.mkdir(root, { recursive: true });
  return fs.promises.mkdtemp(path.join(root, `${prefix}-`));
}

/**
 * Runs the trainer on a manifest and returns its parsed answer. Exit code 3 is the trainer refusing the data
 * (too few churners, a bad manifest): that message is the user's to read, so it becomes an AppError.
 */
export async function runTrainer<T = TrainerResult>(
  manifest: Record<string, unknown> & { output_dir: string },
  onProgress?: (p: TrainerProgress) => void | Promise<void>,
): Promise<T> {
  await fs.promises.mkdir(manifest.output_dir, { recursive: true });
  const manifestPath = path.join(manifest.output_dir, 'manifest.json');
  await fs.promises.writeFile(manifestPath, JSON.stringify(manifest));
  const child = spawn(getEnv().TRAINER_PYTHON, [TRAINER, manifestPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  let resultPath: string | null = null;
  const lines = readline.createInterface({ input: child.stdout });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (err) => reject(new Error(`cannot start ${getEnv().TRAINER_PYTHON}: ${err.message}`)));
    child.on('close', (code) => resolve(code ?? 1));
  });
  for await (const line of lines) {
    let msg: { event?: string; fraction?: number; stage?: string; result?: string };
    try {
      msg = JSON.parse(line);
    } catch {
      continue;
    }
    if (msg.event === 'progress') await onProgress?.({ fraction: msg.fraction ?? 0, stage: msg.stage ?? '' });
    if (msg.event === 'done' && msg.result) resultPath = msg.result;
  }
  const code = await exited;
  if (code === 3) {
    const last = stderr.trim().split('\n').pop() ?? '';
    let message = last;
    try {
      message = JSON.parse(last).error.message;
    } catch {
      /* not JSON: show the line as it is */
    }
    throw new AppError('invalid_input', message);
  }
  if (code !== 0 || !resultPath) throw new Error(`trainer exited with code ${code}: ${stderr.slice(-2000)}`);
  return JSON.parse(await fs.promises.readFile(resultPath, 'utf8')) as T;
}
