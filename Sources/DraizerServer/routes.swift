import Vapor

func routes(_ app: Application, config: AppConfig) throws {
    try app.register(collection: HealthController(config: config))
}
