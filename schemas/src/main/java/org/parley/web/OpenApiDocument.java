package org.parley.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI 3.1 description of the routes a server has, made from their {@link Endpoint}s and
 * the records they answer with. The record schemas are swagger-core's, made strict: every
 * component is required and non-null unless marked {@link Nullable}, and no other property is
 * allowed, so a response whose shape drifts from its record fails validation.
 */
public final class OpenApiDocument {

    static final String ERROR_SCHEMA = "Error";
    private static final String BEARER = "bearer";

    private OpenApiDocument() {
    }

    /** The description of these endpoints as JSON. */
    public static String json(String title, String version, String description, List<Endpoint> endpoints) {
        try {
            return Json31.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(build(title, version, description, endpoints));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OpenAPI description", e);
        }
    }

    static OpenAPI build(String title, String version, String description, List<Endpoint> endpoints) {
        OpenAPI api = new OpenAPI(SpecVersion.V31).openapi("3.1.0")
                .info(new Info().title(title).version(version).description(description));
        Map<String, Schema> schemas = new TreeMap<>();
        Map<String, Class<?>> records = new LinkedHashMap<>();
        record(ErrorBody.class, records);
        Paths paths = new Paths();
        for (Endpoint e : endpoints) {
            if (e.response() != null) {
                record(e.response(), records);
            }
            if (e.requestBody() != null) {
                record(e.requestBody(), records);
            }
            PathItem item = paths.computeIfAbsent(e.path(), p -> new PathItem());
            item.operation(PathItem.HttpMethod.valueOf(e.method().name()), operation(e));
        }
        for (Class<?> type : records.values()) {
            ModelConverters.getInstance(true).readAll(type).forEach((name, schema) -> {
                if (schemas.containsKey(name) && !records.containsKey(name)) {
                    throw new IllegalStateException("two schemas named " + name);
                }
                schemas.put(name, schema);
            });
        }
        records.forEach((name, type) -> strict(schemas.get(name), type));
        api.paths(paths).components(new Components().schemas(schemas)
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("The admin token for changes; the API token for reads when the server was started with one.")));
        return api;
    }

    private static Operation operation(Endpoint e) {
        Operation op = new Operation().summary(e.summary()).description(e.description()).addTagsItem(e.tag())
                .operationId(operationId(e));
        for (Endpoint.Param p : e.params()) {
            JsonSchema schema = new JsonSchema();
            schema.types(Set.of(p.type()));
            if (!p.values().isEmpty()) {
                p.values().forEach(schema::addEnumItemObject);
            }
            op.addParametersItem(new Parameter().name(p.name()).in(p.in()).required(p.in().equals("path"))
                    .description(p.description()).schema(schema));
        }
        if (e.requestBody() != null) {
            op.requestBody(new RequestBody().required(true).content(json(e.requestBody())));
        }
        ApiResponses responses = new ApiResponses();
        Content content = e.response() == null ? new Content() : json(e.response());
        e.otherMedia().forEach((type, text) -> content.addMediaType(type, new MediaType().schema(stringSchema(text))));
        ApiResponse ok = new ApiResponse().description(e.summary());
        if (!content.isEmpty()) {
            ok.content(content);
        }
        responses.addApiResponse(String.valueOf(e.status()), ok);
        for (int status : e.alsoReturns()) {
            responses.addApiResponse(String.valueOf(status), new ApiResponse().description("The same body, when it is not so.")
                    .content(content));
        }
        Set<Integer> errors = new LinkedHashSet<>();
        if (!e.params().isEmpty() || e.requestBody() != null) {
            errors.add(400);
        }
        if (e.isAdmin()) {
            errors.add(401);
            errors.add(403);
        } else if (!e.isOpen()) {
            errors.add(401);
        }
        errors.addAll(e.errors());
        for (int status : errors) {
            responses.addApiResponse(String.valueOf(status), new ApiResponse().description(reason(status))
                    .content(new Content().addMediaType("application/json",
                            new MediaType().schema(new JsonSchema().$ref("#/components/schemas/" + ERROR_SCHEMA)))));
        }
        op.responses(responses);
        if (e.isAdmin()) {
            op.addSecurityItem(new SecurityRequirement().addList(BEARER));
        } else if (!e.isOpen()) {
            // Reads are open unless the server has an API token: either requirement satisfies them.
            op.addSecurityItem(new SecurityRequirement());
            op.addSecurityItem(new SecurityRequirement().addList(BEARER));
        }
        return op;
    }

    private static String operationId(Endpoint e) {
        StringBuilder id = new StringBuilder(e.method().name().toLowerCase(java.util.Locale.ROOT));
        for (String part : e.path().split("[/{}.]+")) {
            if (!part.isEmpty() && !part.equals("api")) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }

    private static Content json(Class<?> type) {
        return new Content().addMediaType("application/json",
                new MediaType().schema(new JsonSchema().$ref("#/components/schemas/" + name(type))));
    }

    private static Schema<?> stringSchema(String text) {
        JsonSchema s = new JsonSchema();
        s.types(Set.of("string"));
        s.description(text);
        return s;
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "A parameter or the body is not valid.";
            case 401 -> "The token is missing or wrong.";
            case 403 -> "The admin API is disabled.";
            case 404 -> "No such resource.";
            case 406 -> "The request does not accept what this answers with.";
            case 413 -> "The body is too large.";
            case 503 -> "Not ready yet (the stores are restoring, or another instance did not answer): retry after Retry-After seconds.";
            default -> "Error " + status + ".";
        };
    }

    /** The name swagger-core gives a type's schema. */
    static String name(Class<?> type) {
        io.swagger.v3.oas.annotations.media.Schema s = type.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
        return s != null && !s.name().isEmpty() ? s.name() : type.getSimpleName();
    }

    /** Collects a record and the records it holds, by schema name. */
    private static void record(Class<?> type, Map<String, Class<?>> into) {
        if (!type.isRecord()) {
            return;
        }
        Class<?> seen = into.putIfAbsent(name(type), type);
        if (seen != null) {
            if (seen != type) {
                throw new IllegalStateException("two response records named " + name(type) + ": " + seen + " and " + type);
            }
            return;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            for (Class<?> t : classesIn(c.getGenericType())) {
                record(t, into);
            }
        }
    }

    private static List<Class<?>> classesIn(Type t) {
        List<Class<?>> out = new ArrayList<>();
        if (t instanceof Class<?> c) {
            out.add(c);
        } else if (t instanceof ParameterizedType p) {
            for (Type a : p.getActualTypeArguments()) {
                out.addAll(classesIn(a));
            }
        }
        return out;
    }

    /** A record's components, with those of a record it unwraps ({@code @JsonUnwrapped}) in its place. */
    private static List<RecordComponent> components(Class<?> type) {
        List<RecordComponent> out = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getAccessor().isAnnotationPresent(JsonUnwrapped.class) && c.getType().isRecord()) {
                out.addAll(components(c.getType()));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /** Every component required, no other property, null allowed only where marked. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void strict(Schema schema, Class<?> type) {
        if (schema == null) {
            throw new IllegalStateException("swagger-core made no schema for " + type);
        }
        Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
        List<String> required = new ArrayList<>();
        for (RecordComponent c : components(type)) {
            Schema p = properties.get(c.getName());
            if (p == null) {
                throw new IllegalStateException("no property " + c.getName() + " in the schema of " + type);
            }
            required.add(c.getName());
            if (c.isAnnotationPresent(Nullable.class)) {
                if (p.get$ref() != null) {
                    JsonSchema nul = new JsonSchema();
                    nul.types(Set.of("null"));
                    properties.put(c.getName(), new JsonSchema().anyOf(List.of(new JsonSchema().$ref(p.get$ref()), nul)));
                } else {
                    Set<String> types = new LinkedHashSet<>(p.getTypes() == null ? Set.of() : p.getTypes());
                    types.add("null");
                    p.setTypes(types);
                    if (p.getEnum() != null) {
                        p.getEnum().add(null);
                    }
                }
            }
        }
        schema.setRequired(required);
        schema.setAdditionalProperties(Boolean.FALSE);
    }
}
