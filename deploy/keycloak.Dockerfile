# Keycloak for production: an optimized build with the extension and the theme.
# Build context: the repository root (see docker-compose.yml).
# The version is pinned once, in keycloak/pom.xml: `make keycloak-version` prints it
# and docker-compose.yml passes it in (KEYCLOAK_VERSION).
ARG KEYCLOAK_VERSION

# The browser packages pinned in package.json: ALTCHA's widget (packaged into the
# extension) and the official FranceConnect button's stylesheet (its terms of use
# are accepted in .dsfr.yml).
FROM node:20-bookworm-slim AS button
WORKDIR /src
COPY package.json package-lock.json .dsfr.yml ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM maven:3.9-eclipse-temurin-21 AS extension
WORKDIR /src
COPY --from=button /src/node_modules node_modules
COPY keycloak/pom.xml keycloak/pom.xml
COPY keycloak/src keycloak/src
COPY themes themes
RUN mvn -q -B -f keycloak/pom.xml -DskipTests package

FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION} AS builder
COPY --from=extension /src/keycloak/target/portail-famille-keycloak.jar /opt/keycloak/providers/
COPY themes/portail-famille /opt/keycloak/themes/portail-famille
COPY --from=button /src/node_modules/@gouvfr/dsfr/standalone/component/connect/connect.standalone.css \
     /opt/keycloak/themes/portail-famille/login/resources/vendor/dsfr/connect.standalone.css
# The same build options as `make prod-like` (prodstack/keycloak_build.py; a test keeps them in step).
RUN /opt/keycloak/bin/kc.sh build --db=postgres --health-enabled=true --metrics-enabled=true

FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}
COPY --from=builder /opt/keycloak/ /opt/keycloak/
COPY realm-export.json /opt/keycloak/data/import/portail-famille-realm.json
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized"]
