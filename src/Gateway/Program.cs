using EdgeGateway.Gateway.Cli;

return await GatewayCommandLine.InvokeAsync(args);
