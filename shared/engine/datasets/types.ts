// What a dataset is to the engine: tables of features with class labels or regression targets.

/** One split of a dataset. Features are row-major [n, numFeatures]. */
export interface Table {
  /** Floats for tables, bytes for images (normalized batch by batch, never copied to floats whole). */
  readonly x: Float32Array | Float64Array | Uint8Array;
  readonly n: number;
  /** Class ids in [0, numClasses), for classification. */
  readonly labels?: Int32Array;
  /** Row-major targets [n, targetSize], for regression. */
  readonly targets?: Float32Array;
}

export type Task = 'classification' | 'regression';

export interface Dataset {
  readonly name: string;
  readonly task: Task;
  readonly numFeatures: number;
  readonly featureNames: readonly string[];
  /** Class names (classification); empty for regression. */
  readonly classNames: readonly string[];
  /** Output size a network needs: the number of classes, or the number of regression targets. */
  readonly targetSize: number;
  /** Height and width when each row is an image. */
  readonly imageShape?: readonly [number, number];
  readonly description?: string;
  readonly train: Table;
  /** A test split the dataset ships with; kept as is, never re-split. */
  readonly test?: Table;
}
