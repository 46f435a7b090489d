# Keycloak for production: an optimized build with the extension and the theme.
# Build context: the repository root (see docker-compose.yml).
# The version is pinned once, in keycloak/pom.xml (with the SHA-256 of its distribution):
# `make keycloak-version` prints it and docker-compose.yml passes it in (KEYCLOAK_VERSION).
# Every base image is pinned by digest. Keycloak itself is the very distribution zip the
# tests run (Maven Central's keycloak-quarkus-dist), checked against the pinned SHA-256, on
# a pinned Java 21 runtime, rather than a registry image no digest of which can be checked here.
ARG KEYCLOAK_VERSION

# The browser packages pinned in package.json: ALTCHA's widget (packaged into the
# extension) and the official FranceConnect button's stylesheet (its terms of use
# are accepted in .dsfr.yml).
FROM node:22-bookworm-slim@sha256:48e4b67d85f87bd551df43704e24d252f56cc5f8e9718841aace50f19948f0f9 AS button
WORKDIR /src
COPY package.json package-lock.json .dsfr.yml ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM maven:3.9-eclipse-temurin-21@sha256:8f6ac126f7810bb5549c4cd122d2bf0e9cda5bdeb0838aa928f09e779fd8bef8 AS extension
ARG KEYCLOAK_VERSION
WORKDIR /src
COPY --from=button /src/node_modules node_modules
COPY keycloak/pom.xml keycloak/pom.xml
COPY keycloak/src keycloak/src
COPY themes themes
RUN mvn -q -B -f keycloak/pom.xml -DskipTests package
RUN mvn -q -B -f keycloak/pom.xml dependency:copy -DoutputDirectory=/dist -Dmdep.stripVersion=true \
        -Dartifact=org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip \
    && expected="$(sed -n 's:.*<keycloak.dist.sha256>\(.*\)</keycloak.dist.sha256>.*:\1:p' keycloak/pom.xml)" \
    && echo "${expected}  /dist/keycloak-quarkus-dist.zip" | sha256sum --check --strict - \
    && cd /dist && jar xf keycloak-quarkus-dist.zip && mv "keycloak-${KEYCLOAK_VERSION}" keycloak \
    && chmod +x keycloak/bin/*.sh

FROM eclipse-temurin:21-jre-noble@sha256:980bed4feb4e055945793954dceee70b95c0bba59502fa7abaa16ec966e87607 AS builder
COPY --from=extension /dist/keycloak /opt/keycloak
COPY --from=extension /src/keycloak/target/portail-famille-keycloak.jar /opt/keycloak/providers/
COPY themes/portail-famille /opt/keycloak/themes/portail-famille
COPY --from=button /src/node_modules/@gouvfr/dsfr/standalone/component/connect/connect.standalone.css \
     /opt/keycloak/themes/portail-famille/login/resources/vendor/dsfr/connect.standalone.css
# The same build options as `make prod-like` (prodstack/keycloak_build.py; a test keeps them in step).
RUN /opt/keycloak/bin/kc.sh build --db=postgres --health-enabled=true --metrics-enabled=true

FROM eclipse-temurin:21-jre-noble@sha256:980bed4feb4e055945793954dceee70b95c0bba59502fa7abaa16ec966e87607
RUN useradd --system --uid 10000 --home-dir /opt/keycloak keycloak
COPY --from=builder --chown=keycloak:keycloak /opt/keycloak/ /opt/keycloak/
COPY --chown=keycloak:keycloak realm-export.json /opt/keycloak/data/import/portail-famille-realm.json
USER keycloak
# Every start gets the fast Argon2 code (devstack/keycloak_jvm.py says why; a test keeps this line
# equal to it). kc.sh appends it to its own defaults; a deployment that sets JAVA_OPTS_APPEND itself
# must keep this option in it.
ENV JAVA_OPTS_APPEND="-XX:CompileCommand=inline,org.bouncycastle.crypto.generators.Argon2BytesGenerator::quarterRound"
EXPOSE 8080 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized"]
