// Tests run the kernels the CLI runs: on Node 20 that takes the relaxed-SIMD flag the CLI sets.
import { enableWasmRelaxedSimd } from '../../cli/wasm-features';

enableWasmRelaxedSimd();
