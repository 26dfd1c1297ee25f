// How many threads the studio's engine uses, in both editions.

/**
 * Threads for a run in the studio (the CLI uses every core). The engine's threads share the
 * machine's cores with the window, so this is the count the long-task stories showed keeps the
 * window responsive while training: see README, "Kernels and threads".
 */
export const STUDIO_THREADS = 2;
