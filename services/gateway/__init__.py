"""Gateway: the HTTP JSON API in front of the services, for the web portals."""
