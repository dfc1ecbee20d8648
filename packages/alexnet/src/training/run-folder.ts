import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { removeLeftoverTemporaryFiles, syncFolder, temporaryPathOf } from "../checkpoint/atomic-write.js";
import { CheckpointError, OutputError } from "../checkpoint/errors.js";
import { prepareOutputFolder } from "../checkpoint/output-paths.js";
import { outputFiles } from "./output-files.js";
import { acquireRunLock, refuseLiveLock, type RunLock } from "./run-lock.js";
import { manifestFileName, readManifest, writeManifest, type RunManifest } from "./run-manifest.js";

/** The folder inside a run folder where each commit's checkpoint files are written. */
export const statesFolderName = "states";

/** Files and folders that make a folder hold a run (a fresh `train` refuses it without --overwrite). */
const runEntries = [manifestFileName, statesFolderName, outputFiles.checkpoint, outputFiles.best, outputFiles.metrics, outputFiles.chart, outputFiles.chartPng] as const;

/** How a run folder is opened. */
export interface RunFolderOptions {
  /** Continue the run the folder holds. */
  readonly resume: boolean;
  /** Replace a run the folder holds (a fresh start). */
  readonly overwrite?: boolean;
  /** Tests: whether a lock's pid is alive. */
  readonly ownerIsAlive?: (pid: number) => boolean;
}

/** A run folder this process owns until `close`. */
export interface RunFolder {
  readonly path: string;
  /** The committed state (undefined before the first commit, or in a folder from before manifests); commitRunState updates it. */
  manifest: RunManifest | undefined;
  readonly lock: RunLock;
  /** Releases the lock. */
  close(): void;
}

/**
 * Opens `folder` for a run: checks the path (no file in the way, not under /proc or /sys),
 * creates it, takes its lock, and then, as its only writer, removes what killed writes left
 * (`*.tmp-PID`, state files no manifest names) and re-publishes checkpoint.safetensors and
 * best.safetensors from the manifest. A fresh run into a folder holding a run is refused unless
 * `overwrite` (which deletes that run's files); `resume` needs a run to continue.
 */
export function openRunFolder(folder: string, options: RunFolderOptions): RunFolder {
  prepareOutputFolder(folder, "--out");
  const lock = acquireRunLock(folder, options.ownerIsAlive);
  try {
    const held = refuseUnlessAllowed(folder, options);
    if (!options.resume) for (const name of held) rmSync(join(folder, name), { recursive: true, force: true });
    removeLeftoverTemporaryFiles(folder);
    const manifest = readManifest(folder);
    if (manifest !== undefined) {
      publish(folder, manifest);
      removeUncommittedStates(folder, manifest);
    }
    return { path: folder, manifest, lock, close: () => lock.release() };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Checks, before any long work (opening data, building the model), what openRunFolder will
 * refuse: a bad path, a folder in use by a live run, a fresh run into a folder holding one
 * (without --overwrite), a --resume without a run. Creates nothing and takes no lock.
 */
export function checkRunFolder(folder: string, options: RunFolderOptions): void {
  prepareOutputFolder(folder, "--out", { create: false });
  if (!existsSync(folder)) {
    if (options.resume) refuseUnlessAllowed(folder, options);
    return;
  }
  refuseLiveLock(folder, options.ownerIsAlive);
  refuseUnlessAllowed(folder, options);
}

/** The run entries the folder holds, refusing a fresh run over them (without overwrite) and a resume without them. */
function refuseUnlessAllowed(folder: string, options: RunFolderOptions): string[] {
  const held = runEntries.filter((name) => existsSync(join(folder, name)));
  if (!options.resume && held.length > 0 && options.overwrite !== true) {
    throw new OutputError(`${folder} already holds a training run (${held.join(", ")}); continue it with --resume, choose a new --out, or pass --overwrite to replace it`, folder);
  }
  if (options.resume) {
    for (const name of Object.values(outputFiles)) {
      const path = join(folder, name);
      if (existsSync(path) && statSync(path).isDirectory()) throw new OutputError(`${path} is a folder, but the run writes a file there; move it away, or train into a new --out`, path);
    }
  }
  if (options.resume && !existsSync(join(folder, manifestFileName)) && !existsSync(join(folder, outputFiles.checkpoint))) {
    throw new CheckpointError(`--resume: ${join(folder, outputFiles.checkpoint)} does not exist; run without --resume to start training`);
  }
  return held;
}

/** The file a commit writes a checkpoint to: `states/checkpoint-e<epoch>-b<batch>.safetensors`. */
export function stateFileName(epoch: number, stepInEpoch: number): string {
  return `${statesFolderName}/checkpoint-e${epoch}-b${stepInEpoch}.safetensors`;
}

/** Creates the states folder (once the run folder is open). */
export function prepareStatesFolder(folder: string): void {
  const states = join(folder, statesFolderName);
  if (!existsSync(states)) mkdirSync(states);
}

/**
 * Commits a state whose files are complete: writes the manifest (the commit point), then points
 * checkpoint.safetensors and best.safetensors at the committed files and deletes older states.
 */
export function commitRunState(folder: RunFolder, manifest: RunManifest): void {
  writeManifest(folder.path, manifest);
  folder.manifest = manifest;
  publish(folder.path, manifest);
  removeUncommittedStates(folder.path, manifest);
}

/**
 * Makes `<folder>/checkpoint.safetensors` (and best.safetensors) the committed files: a hard
 * link (no copy; a copy where the file system has no links) renamed over the old name, so the
 * public names too are always one complete checkpoint.
 */
function publish(folder: string, manifest: RunManifest): void {
  publishFile(join(folder, manifest.checkpoint), join(folder, outputFiles.checkpoint));
  if (manifest.best !== null) publishFile(join(folder, manifest.best), join(folder, outputFiles.best));
  syncFolder(folder);
}

function publishFile(source: string, target: string): void {
  if (!existsSync(source)) throw new CheckpointError(`${source} is named by ${join(dirname(target), manifestFileName)} but is missing; the run folder is damaged (train into a new --out, or pass --overwrite)`);
  if (existsSync(target)) {
    const [from, to] = [statSync(source), statSync(target)];
    if (from.ino === to.ino && from.dev === to.dev) return; // Already that file (rename would do nothing).
  }
  const temporary = temporaryPathOf(target);
  rmSync(temporary, { force: true });
  try {
    linkSync(source, temporary);
  } catch {
    copyFileSync(source, temporary);
  }
  renameSync(temporary, target);
}

/** Deletes state files the manifest does not name (older commits, or one written before a kill). */
function removeUncommittedStates(folder: string, manifest: RunManifest): void {
  const states = join(folder, statesFolderName);
  if (!existsSync(states)) return;
  const kept = new Set([manifest.checkpoint, manifest.best].filter((name): name is string => name !== null).map((name) => basename(name)));
  for (const name of readdirSync(states)) if (!kept.has(name)) rmSync(join(states, name), { force: true });
}

/** The files a reader of a run folder should use: the manifest's, else the plain names. */
export function committedFiles(folder: string): { checkpoint: string; best: string | undefined; metricsLines: number | undefined } {
  const manifest = readManifest(folder);
  if (manifest === undefined) {
    const best = join(folder, outputFiles.best);
    return { checkpoint: join(folder, outputFiles.checkpoint), best: existsSync(best) ? best : undefined, metricsLines: undefined };
  }
  return { checkpoint: join(folder, manifest.checkpoint), best: manifest.best === null ? undefined : join(folder, manifest.best), metricsLines: manifest.metricsLines };
}

/**
 * The checkpoint file `--checkpoint PATH` means: a run folder gives its committed checkpoint;
 * checkpoint.safetensors or best.safetensors inside a run folder with a manifest give the
 * manifest's file (the committed one, even while a commit is being published); any other path as is.
 */
export function resolveCheckpointPath(path: string): string {
  if (existsSync(path) && statSync(path).isDirectory()) {
    if (!existsSync(join(path, manifestFileName)) && !existsSync(join(path, outputFiles.checkpoint))) {
      throw new CheckpointError(`--checkpoint ${path} is a folder without a training run; give a .safetensors file or a folder that alexnet train wrote`);
    }
    return committedFiles(path).checkpoint;
  }
  const folder = dirname(path);
  const name = basename(path);
  if ((name === outputFiles.checkpoint || name === outputFiles.best) && existsSync(join(folder, manifestFileName))) {
    const files = committedFiles(folder);
    if (name === outputFiles.checkpoint) return files.checkpoint;
    if (files.best !== undefined) return files.best;
  }
  return path;
}

