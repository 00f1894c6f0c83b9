import Hummingbird

/// The web pages: the live grid, card and slot pages, the kiosk view and the staff pages.
enum WebRoutes {
    static func add(to router: Router<HubRequestContext>, hub: Hub) {
    }
}
