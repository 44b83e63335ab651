import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The build copies test/fixtures next to the compiled tests. */
const directory = join(__dirname, "fixtures");

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(directory, `${name}.json`), "utf8")) as unknown;
}

export function fixtureNames(): string[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}
