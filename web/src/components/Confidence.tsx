/** A 0–100 confidence as a meter with the number beside it. */
export function Confidence({ value }: { value: number }) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <span className="confidence">
      <meter className="confidence__meter" min={0} max={100} low={50} high={75} optimum={100} value={clamped} aria-label={`Confidence ${clamped} %`} />
      <span className="confidence__value num">{clamped}</span>
    </span>
  );
}
