import ort from 'onnxruntime-node';

// onnxruntime-node wrappers. A session.run() blocks the event loop for the whole call, so these belong in worker
// processes and the CLI, never in the web server. One thread without spinning: idle spinning threads burn a core.

export type ModelSession = { session: ort.InferenceSession; columns: number };

export async function loadSession(bytes: Uint8Array, columns: number): Promise<ModelSession> {
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  });
  return { session, columns };
}

/** Churn probabilities for `rows` rows of a row-major float32 matrix (NaN = missing). */
export async function predictProbabilities(model: ModelSession, x: Float32Array, rows: number): Promise<Float32Array> {
  if (x.length !== rows * model.columns)
    throw new Error(`matrix has ${x.length} values, expected ${rows}×${model.columns}`);
  if (rows === 0) return new Float32Array(0);
  const out = await model.session.run({ features: new ort.Tensor('float32', x, [rows, model.columns]) });
  const probability = out.probability;
  if (!probability) throw new Error('the model has no "probability" output');
  return probability.data as Float32Array;
}
