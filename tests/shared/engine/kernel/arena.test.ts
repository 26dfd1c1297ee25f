// The WebAssembly memory's block allocator: reuse, merging, growth and the limits it reports.

import { describe, expect, it } from 'vitest';
import { WasmArena } from '../../../../shared/engine/kernel/wasm/arena';
import { PAGE_BYTES } from '../../../../shared/engine/kernel/wasm/runtime';

describe('WasmArena', () => {
  it('aligns blocks to 64 bytes, never hands out offset 0, and reuses a freed block', () => {
    const arena = new WasmArena(true, 64);
    const a = arena.reserve(10);
    const b = arena.reserve(100);
    expect(a).toBeGreaterThan(0);
    expect(a % 64).toBe(0);
    expect(b % 64).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 64);
    arena.release(a);
    expect(arena.reserve(64)).toBe(a);
  });

  it('merges neighbouring free blocks so a larger block fits where two small ones were', () => {
    const arena = new WasmArena(true, 64);
    const a = arena.reserve(64);
    const b = arena.reserve(64);
    const keep = arena.reserve(64);
    arena.release(a);
    arena.release(b);
    expect(arena.reserve(128)).toBe(a);
    expect(arena.bytesInUse).toBe(192);
    arena.release(keep);
  });

  it('grows the memory on demand, keeping earlier arrays valid, and reports -1 past its maximum', () => {
    const arena = new WasmArena(true, 32);
    const early = arena.float32(16)!;
    early[3] = 7;
    const big = arena.float32((20 * PAGE_BYTES) / 4)!;
    expect(big).not.toBeNull();
    expect(arena.memory.buffer.byteLength).toBeGreaterThanOrEqual(21 * PAGE_BYTES);
    expect(early[3]).toBe(7);
    expect(arena.offsetOf(early)).toBeGreaterThan(0);
    expect(arena.offsetOf(big)).toBeGreaterThan(arena.offsetOf(early));
    expect(arena.reserve(40 * PAGE_BYTES)).toBe(-1);
    expect(arena.float32(40 * PAGE_BYTES)).toBeNull();
  });

  it('knows its own arrays from others', () => {
    const arena = new WasmArena(true, 64);
    expect(arena.offsetOf(new Float32Array(4))).toBe(-1);
    expect(arena.offsetOf(arena.float32(4)!)).toBeGreaterThan(0);
  });

  it('hands out no arrays from an unshared memory, whose growth would detach them', () => {
    const arena = new WasmArena(false, 64);
    expect(arena.float32(4)).toBeNull();
    expect(arena.reserve(4)).toBeGreaterThan(0);
  });
});
