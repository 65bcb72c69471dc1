package org.parley.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** Every error's body: its HTTP status again, and a sentence that says what was wrong. */
@Schema(name = "Error", description = "An error: its HTTP status and what was wrong.")
public record ErrorBody(int status, String error) {
}
