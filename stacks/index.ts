// The Pulumi entry point (Pulumi.yaml `main`): every property of the returned object is a stack output.
import { platformProgram } from "./program";

export = platformProgram();
