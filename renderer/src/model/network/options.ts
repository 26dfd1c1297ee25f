// The choices the builder's and the training view's menus offer: every registry entry, in the
// registry's order, under the registry's label, so a new entry shows up without touching a menu.

import { ACTIVATIONS, activationNames } from '../../../../shared/engine/activations';
import { INITIALIZERS, initializerNames } from '../../../../shared/engine/initializers';
import { LOSSES, lossNames, OUTPUT_ACTIVATIONS } from '../../../../shared/engine/losses';
import { OPTIMIZERS, optimizerNames } from '../../../../shared/engine/optimizers';
import { SCHEDULES, scheduleNames } from '../../../../shared/engine/schedules';

export interface Choice<T extends string> {
  readonly value: T;
  readonly label: string;
}

const choices = <T extends string>(names: readonly T[], entries: { readonly [K in T]: { readonly label: string } }): readonly Choice<T>[] =>
  names.map((value) => ({ value, label: entries[value].label }));

export const ACTIVATION_CHOICES = choices(activationNames(), ACTIVATIONS);
export const OUTPUT_ACTIVATION_CHOICES = choices(OUTPUT_ACTIVATIONS, ACTIVATIONS);
export const INITIALIZER_CHOICES = choices(initializerNames(), INITIALIZERS);
export const LOSS_CHOICES = choices(lossNames(), LOSSES);
export const OPTIMIZER_CHOICES = choices(optimizerNames(), OPTIMIZERS);
export const SCHEDULE_CHOICES = choices(scheduleNames(), SCHEDULES);
