// Tooltip text taken out of a formatter's HTML, so it can be shown as DOM text under the CSP.

import { describe, expect, it } from 'vitest';
import { axisHeader, textLines } from '../../../renderer/src/components/charts/tooltip';

describe('textLines', () => {
  it('keeps <br> and newlines as line breaks and drops tags and empty lines', () => {
    expect(textLines('pixel 3 after<br>median 0.5<br/>missing 2 (filled)')).toEqual(['pixel 3 after', 'median 0.5', 'missing 2 (filled)']);
    expect(textLines('<b>a</b>\n\n<span style="color:red">b &lt; c &amp; d</span>')).toEqual(['a', 'b < c & d']);
  });
});

describe('axisHeader', () => {
  it('names the x axis and prints its value as a number, not as the axis label text', () => {
    expect(axisHeader({ axisValue: 9, axisValueLabel: '9.00' }, 'Epoch')).toBe('Epoch 9');
    expect(axisHeader({ axisValue: 2.3456789 }, 'Epoch')).toBe('Epoch 2.346');
    expect(axisHeader({ axisValue: 3 }, null)).toBe('3');
    expect(axisHeader({ axisValue: 'cat', axisValueLabel: 'cat' }, 'Class')).toBe('cat');
  });
});
