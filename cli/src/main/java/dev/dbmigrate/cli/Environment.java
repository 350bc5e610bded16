package dev.dbmigrate.cli;

import java.nio.file.Path;
import java.util.Map;

/** The process environment and working directory, passed in so tests can supply their own. */
public record Environment(Map<String, String> variables, Path workingDir) {}
