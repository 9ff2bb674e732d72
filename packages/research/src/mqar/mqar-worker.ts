// One worker thread of a parallel MQAR suite: builds its backend once, then trains the runs it is sent.
import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import { workerData } from 'node:worker_threads';
import { type BackendConfig, createBackend } from '@constant-attention/core';
import { serveTasks } from '../parallel/serve-tasks.js';
import { type MqarConfig, type MqarOutcome, runMqar } from './mqar-run.js';

const backend = await createBackend(workerData as BackendConfig);
serveTasks<Omit<MqarConfig, 'onStep'>, MqarOutcome>((config) => runMqar(backend, config));
