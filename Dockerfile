# syntax=docker/dockerfile:1
# The one image for every role (gateway, core, sfu): Conference__Roles picks the role at run time.
#   docker build -t conference-server .
#   docker run -e Conference__Roles=gateway,core,sfu -p 8080:8080 -p 40000:40000/udp conference-server
# tests/Conference.Server.Tests/Deployment/ImageContentsTests.cs publishes exactly as the build stage below does
# and starts the output with this file's ENTRYPOINT and ENV: keep the `dotnet publish` line on one line.

# ---- Node 20 (the web client in src/Conference.Web is built by the server's build: src/Conference.Server/WebApp.targets) ----
FROM node:20-bookworm-slim AS node

# ---- build: .NET SDK plus that Node ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
WORKDIR /src
COPY . .
RUN dotnet publish src/Conference.Server/Conference.Server.csproj -c Release -o /app -p:UseAppHost=false

# ---- runtime: ASP.NET only, non-root, nothing written outside /data and /tmp ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# The aspnet image's non-root user (uid 1654); the data folder is the only place the server writes (embedded
# mode: grain state, attachments, the generated signing key). Mount a volume or emptyDir there and keep the
# root filesystem read-only (Kubernetes: readOnlyRootFilesystem: true plus an emptyDir on /tmp).
RUN mkdir -p /data && chown 1654:1654 /data
USER 1654
ENV ASPNETCORE_URLS=http://+:8080 \
    Conference__Roles=gateway,core,sfu \
    Conference__DataPath=/data \
    Conference__Media__BindAddress=0.0.0.0 \
    Conference__Media__Port=40000 \
    DOTNET_EnableDiagnostics=0 \
    DOTNET_gcServer=0
EXPOSE 8080 11111 30000 40000/udp
VOLUME ["/data"]
# No curl in the runtime image: the server itself probes /healthz (exit 0 healthy, 1 not).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["dotnet", "/app/Conference.Server.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/Conference.Server.dll"]
