// zod compiles fast parsers with `new Function` when it may; merely probing for that breaks the
// page's Content-Security-Policy (no eval) and is reported as a violation. The window and the
// engine worker run zod without it. Imported first by both entries.

import { z } from 'zod';

z.config({ jitless: true });
