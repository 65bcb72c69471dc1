# syntax=docker/dockerfile:1
# One image for every stage: docker run parley ingest|enrich|aggregate|run [options].
# Options also come from PARLEY_* variables (PARLEY_BOOTSTRAP_SERVERS=kafka:29092) or a file
# named by PARLEY_CONFIG; see README.md, "Configuration".

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The Maven Wrapper and the poms first, so a change to the sources reuses the downloaded dependencies.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY schemas/pom.xml schemas/
COPY ingest/pom.xml ingest/
COPY enrich/pom.xml enrich/
COPY aggregate/pom.xml aggregate/
COPY launcher/pom.xml launcher/
COPY benchmarks/pom.xml benchmarks/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q dependency:go-offline -DexcludeGroupIds=org.parley || true
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests package && cp launcher/target/parley.jar /parley.jar

FROM eclipse-temurin:17-jre
# curl for the health check; a user of its own; state under one volume.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/parley parley \
    && mkdir -p /var/lib/parley && chown parley /var/lib/parley
COPY --from=build /parley.jar /opt/parley/parley.jar
USER parley
WORKDIR /var/lib/parley
VOLUME /var/lib/parley
# The stream stores (enrich, aggregate) and the embedded broker of 'run' keep their data here.
ENV PARLEY_DATA_DIR=/var/lib/parley
# Every stage serves its API or metrics and health on 8080 in the container (a container has
# its own ports; outside one, ingest defaults to 8081 and enrich to 8082).
ENV PARLEY_HTTP_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PARLEY_HTTP_PORT}/health/ready" > /dev/null || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/parley/parley.jar"]
CMD ["run"]
