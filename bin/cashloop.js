#!/usr/bin/env -S node --max-semi-space-size=64
// The `cashloop` bin: runs the TypeScript sources through tsx (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/bin.ts');
