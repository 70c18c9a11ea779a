// A labelled TRL 1–9 select for Field's render prop: `<Field label=…>{trlSelect(name, 3)}</Field>`.
import { TRL_LEVELS } from "../../models/trl";

type FieldProps = { id: string; "aria-invalid": boolean; "aria-describedby"?: string };

export const trlSelect = (name: string, value: number) =>
  function TrlSelect(p: FieldProps) {
    return (
      <select {...p} name={name} defaultValue={value}>
        {TRL_LEVELS.map((l) => <option key={l} value={l}>TRL {l}</option>)}
      </select>
    );
  };
