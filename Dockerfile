# syntax=docker/dockerfile:1
# Campaign portal: build with the .NET 10 SDK, run on the ASP.NET Core 10 runtime (both Ubuntu 24.04 based).
#   docker build -t campaign .
#   docker run -p 8080:8080 -v campaign-data:/app/App_Data -e Site__BaseUrl=https://talomensomhed.dk campaign
# Site__BaseUrl is required (Production): every absolute link is built from it; see README "Security".

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the package layer is cached until they change.
# Only the web project is restored: the test projects are not part of the image.
COPY Directory.Build.props Directory.Packages.props Campaign.sln ./
COPY src/Campaign.Web/Campaign.Web.csproj src/Campaign.Web/
RUN dotnet restore src/Campaign.Web/Campaign.Web.csproj
COPY . .
RUN dotnet publish src/Campaign.Web/Campaign.Web.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# libvips for image processing (Ubuntu 24.04 names it libvips42t64; Debian libvips42), curl for HEALTHCHECK.
RUN apt-get update \
 && vips=libvips42 \
 && if apt-cache show libvips42t64 >/dev/null 2>&1; then vips=libvips42t64; fi \
 && apt-get install -y --no-install-recommends "$vips" curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The app finds wwwroot/ and uSync/ next to its binaries when published. uSync/ belongs to the app
# user because the back office exports content into it.
COPY wwwroot/ ./wwwroot/
COPY --chown=app:app uSync/ ./uSync/
# /app/media: where compose.yaml mounts the media volume all nodes share (Media__Root=/app/media); a new volume
# takes the owner of the folder it is mounted on.
RUN mkdir -p /app/App_Data /app/media && chown app:app /app/App_Data /app/media
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__Campaign="Data Source=/app/App_Data/campaign.db"
# SQLite database and media (Media:Root defaults to App_Data/media).
VOLUME /app/App_Data
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/health || exit 1
ENTRYPOINT ["dotnet", "Campaign.Web.dll"]
