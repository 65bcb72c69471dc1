package org.parley.launcher;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Who may read the HTTP API: a token, and the origins of dashboards served elsewhere. */
final class ApiAccessOptions {

    @Option(names = "--api-token", defaultValue = "${env:PARLEY_API_TOKEN}", paramLabel = "TOKEN",
            description = "Token every /api/ read needs (Authorization: Bearer TOKEN, or ?access_token= for the event stream); "
                    + "default: $PARLEY_API_TOKEN. Without one, reads are open.")
    String apiToken;

    @Option(names = "--cors-origin", split = ",", paramLabel = "ORIGIN",
            description = "Origin (https://dash.example.org) whose pages may call the API; repeat or separate with commas; * for any.")
    List<String> corsOrigins = new ArrayList<>();
}
