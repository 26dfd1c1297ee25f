// The engine's WebAssembly module: matrix products and the element-wise work around them.
export * from './gemm';
export * from './vector';
