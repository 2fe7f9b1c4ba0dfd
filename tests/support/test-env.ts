import { testEnv } from './env';

Object.assign(process.env, testEnv());
