// The lecture's six worked examples, bundled with the window so that both editions open them
// offline: each is a whole project (its few rows of data, the lecture's weights, its optimizer
// and learning rate) read the way any JSON project file is read.

import example1 from '../../../shared/project/samples/example-1-forward-pass.json?raw';
import example2 from '../../../shared/project/samples/example-2-dying-relu.json?raw';
import example3 from '../../../shared/project/samples/example-3-zero-init-linear-regression.json?raw';
import example4 from '../../../shared/project/samples/example-4-zero-init-logistic-regression.json?raw';
import example5 from '../../../shared/project/samples/example-5-zero-init-softmax-regression.json?raw';
import example6 from '../../../shared/project/samples/example-6-zero-init-mlp.json?raw';

export interface LectureExample {
  readonly id: string;
  /** The project's name, e.g. 'Example 2: dying ReLU'. */
  readonly name: string;
  /** The project file's bytes, fresh for each opening. */
  file(): Uint8Array;
}

function example(id: string, text: string): LectureExample {
  const { name } = JSON.parse(text) as { name: string };
  return { id, name, file: () => new TextEncoder().encode(text) };
}

export const LECTURE_EXAMPLES: readonly LectureExample[] = [
  example('forward-pass', example1),
  example('dying-relu', example2),
  example('zero-init-linear-regression', example3),
  example('zero-init-logistic-regression', example4),
  example('zero-init-softmax-regression', example5),
  example('zero-init-mlp', example6),
];
