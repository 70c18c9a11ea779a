// A labelled checkbox; conform reads "on" as true and an absent box as the schema's default (false).
type Props = { name: string; label: string; value?: string; defaultChecked?: boolean; disabled?: boolean; title?: string };

export function Check({ name, label, value, defaultChecked, disabled, title }: Props) {
  return (
    <label className="check" title={title}>
      {/* Pass `value` only when given: React sets an own-but-undefined value to "", not the default "on". */}
      <input type="checkbox" name={name} {...(value === undefined ? {} : { value })} defaultChecked={defaultChecked} disabled={disabled} />
      {label}
    </label>
  );
}
