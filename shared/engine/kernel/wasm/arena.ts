// A WebAssembly memory carved into blocks: the engine's float32 arrays live here so the kernel
// multiplies them where they are. Blocks are freed when the array that owns them is collected.

import { PAGE_BYTES, wasmApi, type WasmMemory } from './runtime';

/** Blocks start on 64 bytes, a cache line, which also suits every v128 access. */
const ALIGN = 64;
/** Offset 0 stays unused, so no block ever starts at the null pointer. */
const FIRST = ALIGN;

interface Block {
  offset: number;
  size: number;
}

export class WasmArena {
  readonly memory: WasmMemory;
  readonly shared: boolean;
  /** Every buffer object the memory has had: a shared memory's buffer is replaced when it grows. */
  private readonly buffers = new Set<ArrayBufferLike>();
  /** Free blocks below `top`, sorted by offset, never adjacent (they are merged). */
  private readonly free: Block[] = [];
  private readonly live = new Map<number, number>();
  private top = FIRST;
  private readonly collected = new FinalizationRegistry<number>((offset) => this.release(offset));

  constructor(
    shared: boolean,
    private readonly maximumPages: number,
  ) {
    const api = wasmApi();
    if (!api) throw new Error('This runtime has no WebAssembly');
    this.shared = shared;
    this.memory = new api.Memory({ initial: 16, maximum: maximumPages, shared });
    this.buffers.add(this.memory.buffer);
  }

  get bytesInUse(): number {
    let sum = 0;
    for (const size of this.live.values()) sum += size;
    return sum;
  }

  /** Byte offset of a block of at least `bytes`, or -1 when the memory cannot grow that far. */
  reserve(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i];
      if (block.size < size) continue;
      const offset = block.offset;
      if (block.size === size) this.free.splice(i, 1);
      else {
        block.offset += size;
        block.size -= size;
      }
      this.live.set(offset, size);
      return offset;
    }
    const end = this.top + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE_BYTES);
      if (have / PAGE_BYTES + pages > this.maximumPages) return -1;
      try {
        // Grow by at least a quarter, so a run of allocations does not grow page by page.
        this.memory.grow(Math.max(pages, Math.min(this.maximumPages - have / PAGE_BYTES, Math.ceil(have / PAGE_BYTES / 4))));
      } catch {
        return -1;
      }
      this.buffers.add(this.memory.buffer);
    }
    const offset = this.top;
    this.top = end;
    this.live.set(offset, size);
    return offset;
  }

  /** Returns a block to the free list, merging it with free neighbours. */
  release(offset: number): void {
    const size = this.live.get(offset);
    if (size === undefined) return;
    this.live.delete(offset);
    let i = 0;
    while (i < this.free.length && this.free[i].offset < offset) i++;
    const block: Block = { offset, size };
    this.free.splice(i, 0, block);
    const next = this.free[i + 1];
    if (next && block.offset + block.size === next.offset) {
      block.size += next.size;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.offset + prev.size === block.offset) {
      prev.size += block.size;
      this.free.splice(i, 1);
    }
    const last = this.free[this.free.length - 1];
    if (last && last.offset + last.size === this.top) {
      this.top = last.offset;
      this.free.pop();
    }
  }

  /**
   * A zeroed float32 array in this memory, or null when it does not fit or the memory is not shared
   * (growing an unshared memory detaches every view of it). Its block is freed once the array is
   * garbage, so keep the array itself, not only a subarray of it.
   */
  float32(length: number): Float32Array | null {
    return this.view(Float32Array, length);
  }

  int32(length: number): Int32Array | null {
    return this.view(Int32Array, length);
  }

  uint8(length: number): Uint8Array | null {
    return this.view(Uint8Array, length);
  }

  /** A copy of src in this memory (not zeroed first: every byte is written), or null as above. */
  uint8From(src: Uint8Array): Uint8Array | null {
    const view = this.view(Uint8Array, src.length, false);
    view?.set(src);
    return view;
  }

  /** A float32 copy of src in this memory, or null as above. */
  float32From(src: ArrayLike<number>): Float32Array | null {
    const view = this.view(Float32Array, src.length, false);
    view?.set(src);
    return view;
  }

  private view<T extends Float32Array | Int32Array | Uint8Array>(
    type: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number },
    length: number,
    zero = true,
  ): T | null {
    if (!this.shared) return null;
    const offset = this.reserve(length * type.BYTES_PER_ELEMENT);
    if (offset < 0) return null;
    const view = new type(this.memory.buffer, offset, length);
    if (zero) view.fill(0);
    this.collected.register(view, offset);
    return view;
  }

  /** Byte offset of an array that lives in this memory, or -1 for any other array. */
  offsetOf(a: Float32Array | Int32Array | Uint8Array): number {
    return this.buffers.has(a.buffer) ? a.byteOffset : -1;
  }

  /** A view of the whole memory as it is now (re-made after growth). */
  floats(): Float32Array {
    return new Float32Array(this.memory.buffer);
  }
}
