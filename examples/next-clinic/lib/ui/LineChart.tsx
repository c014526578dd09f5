/** A dependency-free SVG line/bar chart for small series (lab trends, daily steps). */
export interface Point {
  /** Unique key; defaults to the label. */
  id?: string;
  label: string;
  value: number;
  flag?: string | null;
}

export function LineChart({
  points,
  unit,
  height = 160,
  bars = false,
  title,
}: {
  points: Point[];
  unit?: string;
  height?: number;
  bars?: boolean;
  title: string;
}) {
  const width = 520;
  const pad = { left: 44, right: 24, top: 10, bottom: 28 };
  if (points.length === 0) return <p className="muted">No data yet.</p>;
  const values = points.map((p) => p.value);
  const min = bars ? 0 : Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const x = (i: number) =>
    pad.left +
    (points.length === 1
      ? (width - pad.left - pad.right) / 2
      : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (v: number) => pad.top + (1 - (v - min) / span) * (height - pad.top - pad.bottom);
  const barWidth = Math.max(4, (width - pad.left - pad.right) / points.length - 4);
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%">
      <title>{title}</title>
      <line
        x1={pad.left}
        x2={width - pad.right}
        y1={height - pad.bottom}
        y2={height - pad.bottom}
        stroke="#c5ccd4"
      />
      <text x={4} y={y(max) + 4}>
        {format(max)}
      </text>
      <text x={4} y={y(min) + 4}>
        {format(min)}
      </text>
      {unit ? (
        <text x={4} y={height - 4}>
          {unit}
        </text>
      ) : null}
      {bars ? (
        points.map((p, i) => (
          <rect
            key={p.id ?? p.label}
            x={x(i) - barWidth / 2}
            y={y(p.value)}
            width={barWidth}
            height={height - pad.bottom - y(p.value)}
            fill="#0b6bcb"
            data-value={p.value}
          />
        ))
      ) : (
        <polyline
          fill="none"
          stroke="#0b6bcb"
          strokeWidth={2}
          points={points.map((p, i) => `${x(i)},${y(p.value)}`).join(' ')}
        />
      )}
      {!bars &&
        points.map((p, i) => (
          <circle
            key={p.id ?? p.label}
            cx={x(i)}
            cy={y(p.value)}
            r={4}
            fill={p.flag && p.flag !== 'N' ? '#b42318' : '#0b6bcb'}
            data-value={p.value}
          />
        ))}
      {points.map((p, i) =>
        points.length <= 14 || i % Math.ceil(points.length / 10) === 0 ? (
          <text key={`l-${p.id ?? p.label}`} x={x(i)} y={height - 10} textAnchor="middle">
            {p.label}
          </text>
        ) : null,
      )}
    </svg>
  );
}

function format(v: number) {
  return Math.abs(v) >= 1000 ? `${Math.round(v / 100) / 10}k` : String(Math.round(v * 10) / 10);
}
