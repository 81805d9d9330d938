# syntax=docker/dockerfile:1.7
# Two images, one per kind of process (build one with --target):
#   web     the web app alone (listens on 8080). It only enqueues runs, so it carries no native library.
#   worker  the evaluation worker with llama.cpp's libraries, and the command line; its first argument picks:
#             worker   the Hangfire server that evaluates runs (the default)
#             migrate  apply pending database migrations, then exit
#             cli ...  any other ./thoughtboard application command, e.g. `cli seed`
# Configuration comes from the environment: ConnectionStrings__Thoughtboard is required.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Platform.Web -c Release -o /out/web \
 && dotnet publish src/Platform.Worker -c Release -o /out/worker \
 && dotnet publish src/Platform.Cli -c Release -o /out/cli

FROM build AS native
# npm fetches llama.cpp's prebuilt libraries (scripts/fetch-native.sh).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
RUN bash scripts/fetch-native.sh cpu && cp -r .native /out/native

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS web
WORKDIR /app/web
COPY --from=build /out/web /app/web
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "/app/web/Platform.Web.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS worker
WORKDIR /app
COPY --from=build /out/worker /app/worker
COPY --from=build /out/cli /app/cli
COPY --from=native /out/native /app/native
COPY <<"SH" /app/entrypoint.sh
#!/bin/sh
set -e
what=${1:-worker}
[ $# -gt 0 ] && shift
case "$what" in
  worker)  cd /app/worker && exec dotnet Platform.Worker.dll "$@" ;;
  migrate) exec dotnet /app/cli/thoughtboard.dll migrate "$@" ;;
  cli)     exec dotnet /app/cli/thoughtboard.dll "$@" ;;
  *) echo "usage: <worker image> worker | migrate | cli <command> [options]" >&2; exit 2 ;;
esac
SH
RUN chmod +x /app/entrypoint.sh
ENV THOUGHTBOARD_NATIVE_DIR=/app/native \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER $APP_UID
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["worker"]
