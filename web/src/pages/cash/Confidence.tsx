/** A confidence (0–1) as a percentage badge: green where the engine would apply, amber, red. */
import { Badge } from '@mantine/core';
import { useFormat } from '../../format/use-format';

export function Confidence({ value, testId }: { value: number | null; testId?: string }) {
  const f = useFormat();
  if (value === null) return null;
  const color = value >= 0.9 ? 'teal' : value >= 0.6 ? 'yellow' : 'red';
  return (
    <Badge size="sm" variant="dot" color={color} className="num" data-testid={testId}>
      {f.decimal((value * 100).toFixed(1), 1)} %
    </Badge>
  );
}
