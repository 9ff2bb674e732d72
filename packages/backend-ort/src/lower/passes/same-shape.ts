import type { Dim } from '@constant-attention/core';

export const sameShape = (a: readonly Dim[], b: readonly Dim[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

export const isConcrete = (shape: readonly Dim[]): shape is readonly number[] =>
  shape.every((d) => typeof d === 'number');

export const sizeOf = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);
