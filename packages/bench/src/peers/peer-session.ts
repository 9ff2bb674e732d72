import type { Tensor } from '@constant-attention/core';
import { loadOnnxRuntime, type OrtTensorLike, type PeerSession } from './load-onnxruntime.js';
import { encodePeerModel, type PeerModel } from './peer-model.js';

export type PeerOpening = { readonly session: PeerSession } | { readonly unavailable: string };

/**
 * A session for the peer model, or why this ORT build cannot load it (a missing contrib op shows up
 * here), so the suite reports the reason instead of a number.
 */
export async function openPeerSession(model: PeerModel): Promise<PeerOpening> {
  const ort = loadOnnxRuntime();
  try {
    return {
      session: await ort.InferenceSession.create(encodePeerModel(model), { graphOptimizationLevel: 'all' }),
    };
  } catch (error) {
    return { unavailable: `unavailable in this ORT build: ${(error as Error).message.split('\n')[0]}` };
  }
}

export function ortTensor(data: Float32Array, dims: readonly number[]): OrtTensorLike {
  const ort = loadOnnxRuntime();
  return new ort.Tensor('float32', data, dims);
}

/** A host tensor's values as float32, whatever its storage. */
export function float32Of(tensor: Tensor): Float32Array {
  return tensor.data instanceof Float32Array
    ? tensor.data
    : Float32Array.from(tensor.data as ArrayLike<number>);
}

/** [b, h, t, d] -> [b, t, h * d]: our head-major layout to the packed token-major one. */
export function headsToTokens(data: Float32Array, shape: readonly number[]): Float32Array {
  const [b, h, t, d] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let bi = 0; bi < b; bi++)
    for (let hi = 0; hi < h; hi++)
      for (let ti = 0; ti < t; ti++)
        for (let di = 0; di < d; di++) {
          out[((bi * t + ti) * h + hi) * d + di] = data[((bi * h + hi) * t + ti) * d + di]!;
        }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`output sizes differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    // NaN on either side must not read as agreement.
    worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(worst, d);
  }
  return worst;
}
