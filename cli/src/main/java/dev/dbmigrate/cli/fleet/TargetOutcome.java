package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.engine.ErrorCode;
import java.util.Map;

/**
 * What a command made of one target's result, before the fleet adds the target's name and time.
 *
 * @param problem an error code for a result that must fail the run (status --fail-on-pending)
 */
public record TargetOutcome(
    Outcome outcome, String detail, ErrorCode problem, Map<String, Object> json) {}
