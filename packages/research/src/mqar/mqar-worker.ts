// One worker thread of a parallel MQAR suite (a tinypool task module): builds its backend on the first
// run it gets and keeps it for every later one.
import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import { type Backend, type BackendConfig, createBackend } from '@constant-attention/core';
import Tinypool from 'tinypool';
import { type MqarConfig, type MqarOutcome, runMqar } from './mqar-run.js';

export type MqarTask = Omit<MqarConfig, 'onStep'>;

let backend: Promise<Backend> | undefined;

export default async function runMqarTask(task: MqarTask): Promise<MqarOutcome> {
  backend ??= createBackend(Tinypool.workerData as BackendConfig);
  return runMqar(await backend, task);
}
