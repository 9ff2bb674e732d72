/**
 * Token ids held compactly: Uint16Array when every id fits (vocab <= 65,536, so byte and GPT-2),
 * halving memory and cache size against Int32Array, which larger vocabularies get.
 */
export type TokenArray = Uint16Array | Int32Array;
export type TokenDType = 'uint16' | 'int32';

export function tokenDTypeFor(vocabSize: number): TokenDType {
  return vocabSize <= 65536 ? 'uint16' : 'int32';
}

export function toTokenArray(tokens: readonly number[], dtype: TokenDType): TokenArray {
  return dtype === 'uint16' ? Uint16Array.from(tokens) : Int32Array.from(tokens);
}
