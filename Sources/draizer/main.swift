import DraizerServer
import Foundation

exit(await DraizerCommandLine.main())
