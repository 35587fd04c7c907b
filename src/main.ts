// The gateway process (`node --import tsx src/main.ts`, as the tests and the bench start it); `stuf-gateway serve` does the same.
import { serve } from './cli/serve.ts';

const code = await serve();
if (code !== undefined) process.exit(code);
