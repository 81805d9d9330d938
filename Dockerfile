# syntax=docker/dockerfile:1.7
# One image for every Thoughtboard process; the first argument picks it:
#   web      the web app (listens on 8080)
#   worker   the evaluation worker
#   migrate  apply pending database migrations, then exit
#   cli ...  any other ./thoughtboard application command, e.g. `cli seed`
# Configuration comes from the environment: ConnectionStrings__Thoughtboard is required.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm fetches llama.cpp's prebuilt libraries (scripts/fetch-native.sh).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN bash scripts/fetch-native.sh cpu
RUN dotnet publish src/Platform.Web -c Release -o /out/web \
 && dotnet publish src/Platform.Worker -c Release -o /out/worker \
 && dotnet publish src/Platform.Cli -c Release -o /out/cli \
 && cp -r .native /out/native

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /out /app
COPY <<"SH" /app/entrypoint.sh
#!/bin/sh
set -e
what=${1:-web}
[ $# -gt 0 ] && shift
case "$what" in
  web)     cd /app/web && exec dotnet Platform.Web.dll "$@" ;;
  worker)  cd /app/worker && exec dotnet Platform.Worker.dll "$@" ;;
  migrate) exec dotnet /app/cli/thoughtboard.dll migrate "$@" ;;
  cli)     exec dotnet /app/cli/thoughtboard.dll "$@" ;;
  *) echo "usage: <image> web | worker | migrate | cli <command> [options]" >&2; exit 2 ;;
esac
SH
RUN chmod +x /app/entrypoint.sh
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    THOUGHTBOARD_NATIVE_DIR=/app/native \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["web"]
